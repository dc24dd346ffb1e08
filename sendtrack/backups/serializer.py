"""Django's JSON fixture format, keeping times to the microsecond (Django's own rounds them to
the millisecond, so that a backup would change every timestamp a little)."""

from __future__ import annotations

import datetime

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

# Registered in settings.SERIALIZATION_MODULES under this name.
FORMAT = "precisejson"


class PreciseEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = PreciseEncoder


Deserializer = JSONDeserializer
