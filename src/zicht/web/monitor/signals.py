"""Events other apps listen to (the portal's audit trail), so the monitor depends on none of them.

Every signal carries ids, codes and counts only: never a record, a name or a refused value.
"""

from __future__ import annotations

from django.dispatch import Signal

#: sent with ``delivery`` (a stored Delivery), ``created`` (False for an identical file), ``by``
#: and ``resubmitted`` (True: the rejected current delivery's very file, offered again)
delivery_stored = Signal()
#: sent with ``delivery`` and ``reviewer`` after a coordinator accepted or refused it
delivery_reviewed = Signal()
#: sent with ``edition``, ``published_by`` (None for automation) and ``remark`` (ids and
#: counts: what the publisher saw when deciding; may be empty)
edition_published = Signal()
#: sent with ``year``, ``reason`` (why, a ``publishing.RefusalReason``) and ``published_by`` after a
#: publication was refused and rolled back
edition_publication_refused = Signal()
#: sent with ``run`` whenever an analysis run is queued or finished
analysis_run_changed = Signal()
