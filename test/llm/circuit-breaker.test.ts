import { describe, expect, it } from 'vitest'
import { createCircuitBreaker } from '../../src/llm/index.js'
import { createFixedClock } from '../../src/shared/clock.js'

const setup = () => {
  const clock = createFixedClock(new Date('2030-01-01T12:00:00Z'))
  return { clock, breaker: createCircuitBreaker({ clock, failureThreshold: 3, openMs: 60_000 }) }
}

describe('createCircuitBreaker', () => {
  it('opens after the threshold of consecutive failures and reports the opening once', () => {
    const { breaker } = setup()
    expect(breaker.recordFailure('t-a')).toEqual({ opened: false })
    expect(breaker.recordFailure('t-a')).toEqual({ opened: false })
    expect(breaker.isOpen('t-a')).toBe(false)
    expect(breaker.recordFailure('t-a')).toEqual({ opened: true })
    expect(breaker.state('t-a')).toBe('open')
    expect(breaker.isOpen('t-a')).toBe(true)
    expect(breaker.recordFailure('t-a')).toEqual({ opened: false })
  })

  it('counts only consecutive failures: a success starts over', () => {
    const { breaker } = setup()
    breaker.recordFailure('t-a')
    breaker.recordFailure('t-a')
    breaker.recordSuccess('t-a')
    breaker.recordFailure('t-a')
    breaker.recordFailure('t-a')
    expect(breaker.state('t-a')).toBe('closed')
  })

  it('keeps tenants apart', () => {
    const { breaker } = setup()
    for (let attempt = 0; attempt < 3; attempt += 1) breaker.recordFailure('t-a')
    expect(breaker.isOpen('t-a')).toBe(true)
    expect(breaker.isOpen('t-b')).toBe(false)
    expect(breaker.state('t-b')).toBe('closed')
  })

  it('lets one trial call through after openMs and closes when it succeeds', () => {
    const { breaker, clock } = setup()
    for (let attempt = 0; attempt < 3; attempt += 1) breaker.recordFailure('t-a')
    clock.advance(59_999)
    expect(breaker.isOpen('t-a')).toBe(true)
    clock.advance(1)
    expect(breaker.state('t-a')).toBe('half_open')
    expect(breaker.isOpen('t-a')).toBe(false)
    expect(breaker.isOpen('t-a')).toBe(true)
    breaker.recordSuccess('t-a')
    expect(breaker.state('t-a')).toBe('closed')
    expect(breaker.isOpen('t-a')).toBe(false)
  })

  it('reopens quietly when the trial call fails, and tells again only after closing', () => {
    const { breaker, clock } = setup()
    for (let attempt = 0; attempt < 3; attempt += 1) breaker.recordFailure('t-a')
    clock.advance(60_000)
    expect(breaker.isOpen('t-a')).toBe(false)
    expect(breaker.recordFailure('t-a')).toEqual({ opened: false })
    expect(breaker.state('t-a')).toBe('open')
    expect(breaker.isOpen('t-a')).toBe(true)
    clock.advance(60_000)
    expect(breaker.isOpen('t-a')).toBe(false)
    breaker.recordSuccess('t-a')
    breaker.recordFailure('t-a')
    breaker.recordFailure('t-a')
    expect(breaker.recordFailure('t-a')).toEqual({ opened: true })
  })

  it('allows another trial when the first one never reported back', () => {
    const { breaker, clock } = setup()
    for (let attempt = 0; attempt < 3; attempt += 1) breaker.recordFailure('t-a')
    clock.advance(60_000)
    expect(breaker.isOpen('t-a')).toBe(false)
    clock.advance(30_000)
    expect(breaker.isOpen('t-a')).toBe(true)
    clock.advance(30_000)
    expect(breaker.isOpen('t-a')).toBe(false)
  })
})
