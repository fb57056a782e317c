import { describeLanVendor } from "../testing/lan-vendor-behaviour.js";
import { createSoftswitchServer } from "./create-softswitch-server.js";

describeLanVendor("createSoftswitchServer()", (options) => createSoftswitchServer(options));
