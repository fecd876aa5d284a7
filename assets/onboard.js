// onboard serve: checks a field when it loses focus (through /api/validate) and suggests
// areas (from /api/areas). The pages work without it.
"use strict";
