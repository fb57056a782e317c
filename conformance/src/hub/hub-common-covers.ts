/**
 * The hub page's requirement ids a common check proves when it runs against
 * a hub (through the hub module): the merged stream is a layer's stream, the
 * merged graph a layer's graph, and a tenant of the hub sees only its own.
 */
export const HUB_COMMON_COVERS: Readonly<Record<string, readonly string[]>> = {
  "Subscribe numbers messages 1, 2, 3… without holes, keeps one log_id and never lowers the watermark [telemetry] [stream]": ["HUB-STREAM-1"],
  "A fresh stream sends the latest sample of every series, then a SyncMarker, then live items only [telemetry] [stream]": ["HUB-STREAM-1"],
  "MODE_ONCE sends the retained records and latest samples, one SyncMarker, then ends with OK [telemetry] [stream]": ["HUB-STREAM-1"],
  "Resuming after a disconnect replays every record missed, exactly once, before the SyncMarker [telemetry] [resume]": ["HUB-STREAM-1"],
  "Every data-path call, failed or not, yields exactly one request record with the caller's tenant and application [telemetry]": ["HUB-STREAM-1", "HUB-SUB-1"],
  "GetTopology at a past at_revision or at_time_unix_nano answers the graph as it was then [topology] [history]": ["HUB-TOPO-2"],
  "GetTopology for a revision or time older than the retained history answers OUT_OF_RANGE [topology] [history]": ["HUB-TOPO-2"],
  "Subscribe by tenant B naming tenant A answers PERMISSION_DENIED [tenancy] [telemetry]": ["HUB-TEN-1"],
  "GetTopology and WatchTopology by tenant B naming tenant A answer PERMISSION_DENIED, and B's graph holds none of A's nodes [tenancy] [topology]": ["HUB-TEN-1"],
  "Tenant B's lists never include tenant A's items [tenancy] [pagination]": ["HUB-TEN-1"],
  "Tenant B's live WatchTopology never carries tenant A's changes [tenancy] [topology] [watch]": ["HUB-TEN-1"],
};
