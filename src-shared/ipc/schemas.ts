/**
 * The argument schemas of the IPC contract, for the two places that receive invokes: main's ipcMain handlers and
 * the headless runner's web bridge. Kept apart from `./contract.ts` so the sandboxed preload never bundles zod.
 * Each schema is typed against {@link InvokeArgsMap}: a schema that accepts something else than the contract says
 * fails to compile, in either direction.
 */
import { z } from 'zod'
import { CONSOLE_TARGETS } from '../console-links'
import type { BridgeError, InvokeArgs, InvokeArgsMap, InvokeChannel } from './contract'

const connectionId = z.string().min(1).max(64)
/** A connection as typed into the editor: validated fully in main (validateConnection). */
const rawConnection = z.record(z.string(), z.unknown())
/** A rule as typed into the rule editor: validated fully in main (validateRule, then with the whole config). */
const rawRule = z.record(z.string(), z.unknown())
/** `<rule>|<connection>:<entity id>` */
const alertKey = z.string().min(3).max(600)
const ruleId = z.string().min(1).max(64)
const secret = z.string().min(1, 'a secret must not be empty').max(16_384, 'at most 16384 characters')

/** A report period: whole epoch ms, `from` before `to` when both are given. */
const reportPeriod = z
  .strictObject({
    from: z.number().int().min(0).nullable().optional(),
    to: z.number().int().min(0).nullable().optional(),
  })
  .refine((p) => p.from == null || p.to == null || p.from < p.to, {
    message: 'from must be before to',
    path: ['from'],
  })

/** Every invoke channel's argument schema (the channel list itself is the contract's). */
export const invokeArgs = {
  'live:get': z.null(),
  'live:row': z.strictObject({ key: z.string().min(3).max(300) }),
  'history:get': z.strictObject({ keys: z.array(z.string().min(1).max(300)).max(200), sinceMs: z.number() }),
  'history:past': z
    .strictObject({
      keys: z.array(z.string().min(1).max(300)).max(200),
      from: z.number().finite(),
      to: z.number().finite(),
    })
    .refine((a) => a.to > a.from && a.to - a.from <= 26 * 3_600_000, {
      message: 'to must be after from, at most 26 hours later',
      path: ['to'],
    }),
  'history:days': z.null(),
  'connections:refresh': z.strictObject({ id: connectionId.nullable() }),
  'polling:setPaused': z.strictObject({ paused: z.boolean() }),
  'catchups:list': z.null(),
  'app:info': z.null(),
  'connections:list': z.null(),
  'connections:save': z.strictObject({
    connection: rawConnection,
    secret: secret.optional(),
    sessionOnly: z.boolean().optional(),
  }),
  'connections:remove': z.strictObject({ id: connectionId }),
  // The target itself is checked in main (targetEntrySchema), which names the connection and the queue.
  'targets:set': z.strictObject({
    connection: connectionId,
    id: z.string().min(1).max(300),
    target: z.record(z.string(), z.unknown()).nullable(),
  }),
  'connections:test': z.strictObject({ connection: rawConnection, secret: secret.optional() }),
  'config:export': z.null(),
  'config:import': z.strictObject({ text: z.string().max(5_000_000) }),
  'secrets:set': z.strictObject({ connection: connectionId, secret, sessionOnly: z.boolean().optional() }),
  'secrets:delete': z.strictObject({ connection: connectionId }),
  'secrets:status': z.strictObject({ connection: connectionId }),
  'prefs:set': z.strictObject({
    theme: z.enum(['system', 'light', 'dark']).optional(),
    language: z.enum(['en', 'pl']).optional(),
    startAtLogin: z.boolean().optional(),
  }),
  'alerts:list': z.null(),
  'alerts:acknowledge': z.strictObject({
    id: alertKey,
    by: z.string().trim().min(1, 'a name must not be empty').max(64, 'at most 64 characters').optional(),
  }),
  'alerts:snooze': z.strictObject({ id: alertKey, minutes: z.number().int().min(0).max(1440).optional() }),
  'alerts:muteRule': z.strictObject({ rule: ruleId, until: z.number().nullable() }),
  'alerts:setPrefs': z.strictObject({ prefs: z.record(z.string(), z.unknown()) }),
  'rules:preview': z.strictObject({
    rule: rawRule,
    sinceMs: z.number().optional(),
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a business date, YYYY-MM-DD')
      .optional(),
  }),
  'rules:save': z.strictObject({ rule: rawRule }),
  'rules:remove': z.strictObject({ id: ruleId }),
  'views:list': z.null(),
  // Checked in full by validateSavedView (src-shared/config.ts), which names the field.
  'views:save': z.strictObject({ view: z.record(z.string(), z.unknown()) }),
  'views:remove': z.strictObject({ id: z.string().min(1).max(64) }),
  'console:open': z.strictObject({
    connection: connectionId,
    target: z.enum(CONSOLE_TARGETS),
    id: z.string().min(1).max(500).nullable().optional(),
    name: z.string().min(1).max(500).nullable().optional(),
    url: z.string().min(1).max(4000),
  }),
  // Checked in full by validatePeople (src-shared/config.ts), which names the person and the field.
  'people:get': z.null(),
  'people:save': z.strictObject({ people: z.array(z.record(z.string(), z.unknown())).max(5_000) }),
  'team:status': z.null(),
  // Checked in full by validateTeamFile (src-shared/team.ts), which names the field.
  'team:join': z.strictObject({
    servers: z.string().trim().min(1, 'give the team server URL').max(2000),
    site: z.string().trim().min(1, 'give the site').max(64),
    user: z.string().trim().min(1, 'give the team user').max(64),
    password: z.string().min(1, 'give the password').max(4096),
  }),
  'team:leave': z.null(),
  'report:get': reportPeriod,
  'report:csv': reportPeriod,
  'report:exported': z.strictObject({ to: z.number().int().min(0) }),
  // A file name only (the dialog picks the folder): no separators, no control characters, ends in .pdf.
  'report:savePdf': z.strictObject({
    fileName: z
      .string()
      .min(5)
      .max(200)
      .refine(
        (n) => n.endsWith('.pdf') && !/[/\\:*?"<>|]/.test(n) && ![...n].some((ch) => ch.charCodeAt(0) < 32),
        'a file name ending in .pdf, without a folder',
      ),
  }),
  // The webhook is checked in full by validateWebhook (src-shared/config.ts), the URL by checkWebhookUrl in main.
  'webhooks:list': z.null(),
  'webhooks:save': z.strictObject({
    webhook: z.record(z.string(), z.unknown()),
    url: z.string().min(1, 'a URL must not be empty').max(2048, 'at most 2048 characters').optional(),
    sessionOnly: z.boolean().optional(),
  }),
  'webhooks:remove': z.strictObject({ id: z.string().min(1).max(64) }),
  'webhooks:test': z.strictObject({ id: z.string().min(1).max(64) }),
} satisfies { [C in InvokeChannel]: z.ZodType<InvokeArgsMap[C]> }

/**
 * What each schema accepts must be exactly what the contract declares, optional fields included (the `satisfies`
 * above only checks that the schema's output fits the contract).
 */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type SchemasMatchContract = { [C in InvokeChannel]: Same<z.infer<(typeof invokeArgs)[C]>, InvokeArgsMap[C]> }
const _schemasMatchContract: { [C in InvokeChannel]: true } = null as unknown as SchemasMatchContract
void _schemasMatchContract

/** Validate an invoke's arguments against the contract; the message says which channel and which field. */
export function parseInvokeArgs<C extends InvokeChannel>(
  channel: C,
  args: unknown,
): { ok: true; args: InvokeArgs<C> } | { ok: false; error: BridgeError } {
  const r = (invokeArgs[channel] as z.ZodType).safeParse(args === undefined ? null : args)
  if (r.success) return { ok: true, args: r.data as InvokeArgs<C> }
  const why = r.error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(arguments)'}: ${i.message}`)
    .join('; ')
  return { ok: false, error: { code: 'bad_request', message: `${channel}: ${why}` } }
}
