from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "zicht.web.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"

    def ready(self) -> None:
        from zicht import config
        from zicht.core.publication.charts import use_chart_store

        # Every process of the installation (web workers, bake, PDF builds) shares the charts.
        use_chart_store(config.chart_cache_dir())
