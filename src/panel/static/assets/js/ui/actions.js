// The buttons that change something on the server: ask first (when it cannot be undone or is
// costly), run with the button busy, and say how it went in a toast.
import { errorMessage, withBusy } from './forms.js'

/**
 * Runs `run()` with `button` busy once `confirm` agrees (a question for window.confirm, or a
 * function answering true to go on; none: no question), toasts `done`
 * (text, or a function of what `run` answered), then awaits `after(result)`. An error becomes an
 * error toast: `failed(error)` when given, else errorMessage(error).
 */
export const runAction = (button, { toast }, { confirm, run, done, after, failed }) => {
  const agreed = typeof confirm === 'function' ? confirm() : !confirm || window.confirm(confirm)
  if (!agreed) return Promise.resolve()
  return withBusy(button, async () => {
    try {
      const result = await run()
      toast(typeof done === 'function' ? done(result) : done, 'ok')
      await after?.(result)
    } catch (error) {
      toast(failed ? failed(error) : errorMessage(error), 'error')
    }
  })
}
