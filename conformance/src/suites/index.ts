// Every suite, registered into the default registry on import. A layer picks
// its suites by folder: suites/common/ runs for all, suites/<layer>/ for its own.
import "./common/index.js";
import "./storage/index.js";
