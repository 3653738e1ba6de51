from django.apps import AppConfig

from . import choice_labels, model_labels

# Models are imported after every app config, so the derived labels of each are made translatable as it is built,
# and its choices' labels are looked up without rebuilding the choices on every call.
model_labels.connect()
choice_labels.connect()


class BtbConfig(AppConfig):
    name = "btb"
    verbose_name = "Behind the Badge"

    def ready(self):
        from . import aggregates

        aggregates.connect()
