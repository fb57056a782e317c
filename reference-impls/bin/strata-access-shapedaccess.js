#!/usr/bin/env node
// Starts the shapedaccess reference user access vendor (built by `npm run build`).
import "../dist/access/shapedaccess/main.js";
