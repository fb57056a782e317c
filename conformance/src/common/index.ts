// The common suites: every endpoint, whatever its layer. One file per service
// or capability; each registers its checks when imported.
import "./identity.js";
import "./health.js";
import "./reflection.js";
import "./unauthenticated.js";
import "./request-errors.js";
import "./undecodable-requests.js";
import "./telemetry-records.js";
import "./telemetry-traceparent.js";
import "./telemetry-metrics.js";
import "./telemetry-series-end.js";
import "./telemetry-series-cap.js";
import "./telemetry-stream.js";
import "./telemetry-gaps.js";
import "./telemetry-intervals.js";
import "./telemetry-selectors.js";
import "./telemetry-errors.js";
import "./pagination.js";
import "./tenancy.js";
import "./attribution.js";
import "./idempotency.js";
import "./topology-graph.js";
import "./topology-watch.js";
import "./topology-history.js";
import "./topology-slow-watcher.js";
import "./limits.js";
