import { describeReferenceVendors } from "../../fixtures/reference-vendor-suite.js";
import { LAYER_MODULES } from "../index.js";

describeReferenceVendors("device", LAYER_MODULES);
