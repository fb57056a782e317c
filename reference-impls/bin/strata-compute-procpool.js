#!/usr/bin/env node
// Starts the procpool reference compute vendor (built by `npm run build`).
import "../dist/compute/procpool/main.js";
