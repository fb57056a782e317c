#!/usr/bin/python3
"""A Strata storage client in Python, from stubs that protoc and
grpc_python_plugin generate from proto/ (see docs/clients.md).

It calls an endpoint the way a platform team's first client would and checks
each answer against the specification: GetInfo, CreateVolume, Write, Read back
(the same bytes), a MODE_ONCE Subscribe read to its end (the records of that
Write and Read), and an error whose google.rpc.Status details (ErrorInfo,
BadRequest) it decodes. It deletes the volume it made.

Usage: PYTHONPATH=<generated stubs> strata_client_check.py <host:port>
The endpoint runs in insecure development mode: the tenant is the
strata-tenant metadata. Exit 1 names the first answer that is wrong.
"""

import secrets
import sys

import grpc
from google.rpc import code_pb2, error_details_pb2, status_pb2
from strata.core.v1 import identity_pb2, identity_pb2_grpc, layer_pb2, workload_pb2
from strata.storage.v1 import block_pb2, block_pb2_grpc, volume_pb2, volume_pb2_grpc
from strata.telemetry.v1 import telemetry_pb2, telemetry_pb2_grpc

TENANT = "python-client"
APPLICATION = "python-client-app"
METADATA = (("strata-tenant", TENANT), ("strata-application-id", APPLICATION))
DEADLINE_S = 30
PAYLOAD_BYTES = 4096
OFFSET_BYTES = 1000  # unaligned on purpose: byte addressing is exact


class CheckFailed(Exception):
    """An answer of the endpoint that differs from the specification."""


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def status_of(error):
    """The google.rpc.Status of a failed call, from its grpc-status-details-bin trailer."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    raise CheckFailed(f"{error.code().name} came without a grpc-status-details-bin trailer")


def details_of(status, message_type):
    """Every detail of one type in a google.rpc.Status, unpacked from its Any."""
    found = []
    for detail in status.details:
        if detail.Is(message_type.DESCRIPTOR):
            message = message_type()
            detail.Unpack(message)
            found.append(message)
    return found


def check_info(identity):
    info = identity.GetInfo(identity_pb2.GetInfoRequest(), timeout=DEADLINE_S)
    expect(layer_pb2.LAYER_STORAGE in info.layers, f"GetInfo.layers {list(info.layers)} lacks LAYER_STORAGE")
    print(f"GetInfo: {info.vendor} {info.product} {info.version}, spec {info.spec_version}")


def create_volume(volumes):
    request = volume_pb2.CreateVolumeRequest(
        name=f"python-client-{secrets.token_hex(4)}",
        workload=workload_pb2.WorkloadRef(application_id=APPLICATION),
        capacity_bytes=1 << 20,
        provisioning=volume_pb2.PROVISIONING_THICK,
    )
    volume = volumes.CreateVolume(request, metadata=METADATA, timeout=DEADLINE_S).volume
    expect(volume.volume_id != "", "CreateVolume answered a volume without volume_id")
    expect(volume.capacity_bytes == 1 << 20, f"CreateVolume answered capacity_bytes {volume.capacity_bytes}")
    expect(volume.workload.tenant_id == TENANT, f"the volume's tenant is {volume.workload.tenant_id!r}")
    print(f"CreateVolume: {volume.volume_id} ({volume.name})")
    return volume.volume_id


def check_block_io(block, volume_id, trace_id):
    data = secrets.token_bytes(PAYLOAD_BYTES)
    traceparent = ("traceparent", f"00-{trace_id}-{secrets.token_hex(8)}-01")
    written = block.Write(
        block_pb2.WriteRequest(volume_id=volume_id, offset_bytes=OFFSET_BYTES, data=data),
        metadata=METADATA + (traceparent,),
        timeout=DEADLINE_S,
    )
    expect(written.bytes_written == PAYLOAD_BYTES, f"Write answered bytes_written {written.bytes_written}")
    read = block.Read(
        block_pb2.ReadRequest(volume_id=volume_id, offset_bytes=OFFSET_BYTES, length_bytes=PAYLOAD_BYTES),
        metadata=METADATA,
        timeout=DEADLINE_S,
    )
    expect(read.data == data, "Read did not return the bytes Write stored")
    print(f"Write + Read: {PAYLOAD_BYTES} bytes at offset {OFFSET_BYTES} read back equal")


def check_subscribe_once(telemetry, volume_id, trace_id):
    request = telemetry_pb2.SubscribeRequest(
        mode=telemetry_pb2.MODE_ONCE,
        selector=telemetry_pb2.Selector(resource_ids=[volume_id], include_records=True),
    )
    kinds, records, last_sequence = [], [], 0
    # The loop ends when the endpoint ends the stream with OK; another status raises.
    for response in telemetry.Subscribe(request, metadata=METADATA, timeout=DEADLINE_S):
        expect(response.stream_sequence > last_sequence, f"stream_sequence {response.stream_sequence} after {last_sequence}")
        last_sequence = response.stream_sequence
        kinds.append(response.WhichOneof("payload"))
        if response.HasField("batch"):
            records.extend(response.batch.records)
    expect(kinds and kinds[-1] == "sync", f"MODE_ONCE stream did not end with its SyncMarker: {kinds}")
    expect(kinds.count("sync") == 1, f"MODE_ONCE stream sent {kinds.count('sync')} SyncMarkers")
    by_operation = {r.operation: r for r in records if r.resource_id == volume_id}
    for operation in ("write", "read"):
        record = by_operation.get(operation)
        expect(record is not None, f"no {operation} record of the volume among {len(records)} records")
        expect(record.status_code == code_pb2.OK, f"the {operation} record has status {record.status_code}")
        expect(record.payload_bytes == PAYLOAD_BYTES, f"the {operation} record has payload_bytes {record.payload_bytes}")
        expect(record.tenant_id == TENANT, f"the {operation} record has tenant_id {record.tenant_id!r}")
        expect(record.application_id == APPLICATION, f"the {operation} record has application_id {record.application_id!r}")
    expect(by_operation["write"].trace_id == bytes.fromhex(trace_id), "the write record lacks the traceparent's trace id")
    print(f"Subscribe MODE_ONCE: {len(kinds)} messages, ended by its SyncMarker; write and read records attributed")


def check_error_details(volumes):
    request = volume_pb2.CreateVolumeRequest(
        name=f"python-client-{secrets.token_hex(4)}",
        workload=workload_pb2.WorkloadRef(application_id=APPLICATION),
        capacity_bytes=1000,  # not a multiple of 512
        provisioning=volume_pb2.PROVISIONING_THICK,
    )
    try:
        volumes.CreateVolume(request, metadata=METADATA, timeout=DEADLINE_S)
    except grpc.RpcError as error:
        expect(error.code() == grpc.StatusCode.INVALID_ARGUMENT, f"capacity_bytes 1000 answered {error.code().name}")
        status = status_of(error)
        expect(status.code == code_pb2.INVALID_ARGUMENT, f"google.rpc.Status.code is {status.code}")
        expect(status.message == error.details(), "google.rpc.Status.message differs from the gRPC status message")
        infos = details_of(status, error_details_pb2.ErrorInfo)
        expect(len(infos) == 1, f"{len(infos)} ErrorInfo details, expected 1")
        expect(infos[0].domain == "strata.dev", f"ErrorInfo.domain is {infos[0].domain!r}")
        expect(infos[0].reason == "ERROR_REASON_INVALID_FIELD", f"ErrorInfo.reason is {infos[0].reason!r}")
        fields = [v.field for bad in details_of(status, error_details_pb2.BadRequest) for v in bad.field_violations]
        expect(fields == ["capacity_bytes"], f"BadRequest names {fields}, expected ['capacity_bytes']")
        print(f"Error details: INVALID_ARGUMENT, {infos[0].reason}, BadRequest names {fields[0]}")
        return
    raise CheckFailed("CreateVolume with capacity_bytes 1000 answered OK")


def main(target):
    with grpc.insecure_channel(target) as channel:
        volumes = volume_pb2_grpc.VolumeServiceStub(channel)
        check_info(identity_pb2_grpc.IdentityServiceStub(channel))
        volume_id = create_volume(volumes)
        try:
            trace_id = secrets.token_hex(16)
            check_block_io(block_pb2_grpc.BlockServiceStub(channel), volume_id, trace_id)
            check_subscribe_once(telemetry_pb2_grpc.TelemetryServiceStub(channel), volume_id, trace_id)
            check_error_details(volumes)
        finally:
            volumes.DeleteVolume(volume_pb2.DeleteVolumeRequest(volume_id=volume_id), metadata=METADATA, timeout=DEADLINE_S)
    print("python client: every check passed")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        main(sys.argv[1])
    except CheckFailed as failure:
        sys.exit(f"python client: {failure}")
    except grpc.RpcError as error:
        sys.exit(f"python client: unexpected {error.code().name}: {error.details()}")
