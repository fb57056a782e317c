import { describeFaultyVendors } from "./faulty-vendor-proofs.js";

await describeFaultyVendors("storage");
