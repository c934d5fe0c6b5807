/**
 * The simulator's reference day as the alert specs use it. With seed 42, replaying its day from 11:24 (`startTime`,
 * whatever the clock says), it opens with 41 emails waiting in queue 117 (the oldest for 57 minutes), Chloe
 * Martinez (agent 1004) 18 minutes into a break that overstays, Henrik Singh (1022) 12 minutes into a break that
 * ends 15 s later, and Lucas Evans (1017) six minutes into a call that ends 45 s later.
 */

/** The connection that serves it. */
export const REFERENCE_DAY = {
  id: 'demo',
  label: 'Demo contact center',
  provider: 'simulator',
  options: { seed: 42, startTime: '11:24' },
}

/** The email backlog rule on queue 117 (warning above 20 waiting, critical above 30): critical at the first poll. */
export function emailBacklogRule(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'email-backlog',
    name: 'Email backlog',
    entity: 'queue',
    ids: ['117'],
    field: 'waiting',
    op: '>',
    warn: 20,
    critical: 30,
    notify: ['desktop', 'tray'],
    ...over,
  }
}
