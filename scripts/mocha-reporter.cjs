'use strict';
// Spec output for people, plus the counts for scripts/test.mjs (CI reads a plain "N passed, N failed" line).
const fs = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class PlafondReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats || {};
      const counts = { passed: s.passes || 0, failed: s.failures || 0, skipped: s.pending || 0 };
      const file = process.env.PLAFOND_TEST_COUNTS;
      if (file) fs.writeFileSync(file, JSON.stringify(counts));
      else process.stdout.write(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
    });
  }
}

module.exports = PlafondReporter;
