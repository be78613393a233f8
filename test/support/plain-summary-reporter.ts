import type { Reporter, TestModule } from 'vitest/node'

/**
 * Prints one plain closing line, "Tests: N passed, N failed, N skipped", after vitest's own
 * summary, so tools that read a run's last line (CI) count the tests without parsing colours.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 }
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') counts.passed += 1
        else if (state === 'failed') counts.failed += 1
        else counts.skipped += 1
      }
      // A file that failed outside its tests (a hook, an import) counts as one failure.
      const failedTests = [...module.children.allTests()].some((test) => test.result().state === 'failed')
      if (module.state() === 'failed' && !failedTests) counts.failed += 1
    }
    counts.failed += unhandledErrors.length
    process.stdout.write(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`)
  }
}
