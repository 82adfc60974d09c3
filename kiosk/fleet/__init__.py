"""The province's fleet link (issue 18): status, daily statistics, signed config and video pushes over the
province's MQTT broker (Mosquitto), videos over plain HTTP. Qt-free; off unless `fleet.enabled`."""
