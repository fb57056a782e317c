import { describeFaultyVendors } from "../../fixtures/faulty-vendor-proofs.js";
import { LAYER_MODULES } from "../index.js";

await describeFaultyVendors("network", LAYER_MODULES);
