// Refreshing what is on screen while the tab is visible.
import { showLoadError } from './states.js'

/**
 * Calls `task` every `intervalMs` while the page is visible (and once at once unless
 * `immediate: false`); refreshes as soon as the tab becomes visible again. Returns stop().
 */
export const startPolling = (task, intervalMs = 5000, { immediate = true } = {}) => {
  let stopped = false
  let timer = null
  let running = false
  const run = async () => {
    if (stopped || running || document.visibilityState !== 'visible') return
    running = true
    try {
      await task()
    } catch {
      // The view shows its own errors; polling keeps going.
    } finally {
      running = false
    }
  }
  const onVisibility = () => {
    if (document.visibilityState === 'visible') run()
  }
  document.addEventListener('visibilitychange', onVisibility)
  timer = setInterval(run, intervalMs)
  if (immediate) run()
  return () => {
    stopped = true
    clearInterval(timer)
    document.removeEventListener('visibilitychange', onVisibility)
  }
}

/**
 * A view polled every `intervalMs` (starting now) that redraws only when its data changed, so a
 * refresh does not wipe a half-filled form inside it. `load(...args)` fetches and keeps the data
 * and answers what identifies it (any JSON value); `render()` draws it when that changed.
 * A failed refresh replaces `area` with the error and "Tentar de novo" — a failed poll only while
 * `hasContent()` is false, so a passing network error does not wipe what is on screen.
 * `paused()` skips a poll. Returns `{ refresh, reload, stop }`: `refresh(...args)` loads (and
 * redraws if needed), `reload()` loads and redraws (after a change by the user).
 */
export const liveView = ({ area, load, render, hasContent, intervalMs, paused }) => {
  let signature = ''
  const refresh = async (...args) => {
    const next = JSON.stringify(await load(...args))
    if (next !== signature) {
      signature = next
      render()
    }
  }
  const reload = async () => {
    signature = ''
    try {
      await refresh()
    } catch (error) {
      showLoadError(area, error, reload)
    }
  }
  const stop = startPolling(async () => {
    if (paused?.()) return
    try {
      await refresh()
    } catch (error) {
      if (!hasContent()) showLoadError(area, error, reload)
      throw error
    }
  }, intervalMs)
  return { refresh, reload, stop }
}
