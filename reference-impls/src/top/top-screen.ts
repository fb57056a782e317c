import { Box, Text } from "ink";
import { createElement as h, type ReactElement } from "react";
import { formatDuration } from "./format-duration.js";
import type { ApplicationFigure, TopView } from "./top-model.js";

/** Column widths of the table: application, end-to-end p99, then each layer's, then the counts. */
const WIDTH = { app: 28, p99: 11, layer: 19, count: 10 };

const cell = (key: string, text: string, width: number, props: Record<string, unknown> = {}) =>
  h(Box, { width, key }, h(Text, { wrap: "truncate", ...props }, text));

/** One layer's cell: its p99 share, and its mean after a slash. */
const layerCell = (app: ApplicationFigure, layer: string) => {
  const figure = app.layers.find((l) => l.layer === layer);
  return figure ? `${formatDuration(figure.p99Ns)} / ${formatDuration(figure.meanNs)}` : "—";
};

/**
 * One frame of `strata top`: a header naming the hub and the state of its
 * stream, then per tenant its applications with their end-to-end p99 over
 * the window, its split by layer (p99 / mean of each layer's share), and
 * the complete and incomplete transactions counted so far.
 */
export function TopScreen(props: { view: TopView; hub: string; windowSeconds: number }): ReactElement {
  const { view, hub, windowSeconds } = props;
  const { stream } = view;
  const state = stream.synced ? "live" : stream.reconnects > 0 ? "reconnecting" : "connecting";
  const header = h(Box, { key: "header", flexDirection: "column", marginBottom: 1 },
    h(Text, { bold: true }, `strata top — hub ${hub}`),
    h(Text, { dimColor: true }, `stream ${state}${stream.gaps > 0 ? `, ${stream.gaps} gap(s)` : ""}; latencies over the last ${windowSeconds} s of complete transactions; layers: p99 / mean share`));
  const columns = h(Box, { key: "columns" },
    cell("app", "application", WIDTH.app, { bold: true }), cell("p99", "e2e p99", WIDTH.p99, { bold: true }),
    ...view.layers.map((layer) => cell(`layer-${layer}`, layer, WIDTH.layer, { bold: true })),
    cell("complete", "complete", WIDTH.count, { bold: true }), cell("incomplete", "incomplete", WIDTH.count, { bold: true }));
  const tenants = view.tenants.map((tenant) => h(Box, { key: `tenant-${tenant.tenantId}`, flexDirection: "column", marginTop: 1 },
    h(Text, { color: "cyan", bold: true }, `tenant ${tenant.tenantId}`),
    ...tenant.applications.map((app) => h(Box, { key: `app-${tenant.tenantId}-${app.applicationId}` },
      cell("app", app.applicationId, WIDTH.app), cell("p99", formatDuration(app.p99Ns), WIDTH.p99),
      ...view.layers.map((layer) => cell(`layer-${layer}`, layerCell(app, layer), WIDTH.layer)),
      cell("complete", String(app.complete), WIDTH.count),
      cell("incomplete", String(app.incomplete), WIDTH.count, app.incomplete > 0 ? { color: "yellow" } : {})))));
  const empty = view.tenants.length === 0 ? [h(Text, { key: "empty", dimColor: true }, "no application yet")] : [];
  return h(Box, { flexDirection: "column" }, header, columns, ...tenants, ...empty);
}
