"""Person lists for linkage in the partner portal (issue 13 item 5).

The partner encodes its person list in its own browser (``static/linkage/encoder.js``, the
same bytes as ``zicht link encode``) and uploads only the encoding; the coordinator starts
linkage and ad analyses here and follows them as background runs (``monitor.runs``).
"""
