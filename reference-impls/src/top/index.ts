export { createTopModel, TOP_METRICS } from "./top-model.js";
export { runTop, TOP_REQUEST } from "./run-top.js";
export { topCommand } from "./top-command.js";
export type { ApplicationFigure, LayerFigure, TopModel, TopView } from "./top-model.js";
export type { TopOptions } from "./run-top.js";
