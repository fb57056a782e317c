// Every layer the suite checks, one folder each: its checks register on import.
import "./storage/index.js";
