import { describeLanVendor } from "../testing/lan-vendor-behaviour.js";
import { createUdpswitchServer } from "./create-udpswitch-server.js";

describeLanVendor("createUdpswitchServer()", (options) => createUdpswitchServer(options));
