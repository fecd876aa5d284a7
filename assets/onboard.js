// onboard serve: the pages' script (written with the pages; this placeholder lets the
// assets compile and be served until it lands). The pages work without it.
"use strict";
