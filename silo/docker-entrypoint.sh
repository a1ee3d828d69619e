#!/bin/sh
# Starts the silo in a container. Orleans tells the other silos the address to reach this one at: the container's
# own address, unless Orleans__Endpoints__AdvertisedIPAddress is set.
set -eu
if [ -z "${Orleans__Endpoints__AdvertisedIPAddress:-}" ]; then
    addresses=$(hostname -i)
    Orleans__Endpoints__AdvertisedIPAddress=${addresses%% *}
    export Orleans__Endpoints__AdvertisedIPAddress
fi
exec dotnet /app/LifecycleActors.Silo.dll "$@"
