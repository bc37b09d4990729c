/**
 * A numbered schema migration. Migrations run in version order at start-up;
 * each applied one is recorded with the checksum of its statements.
 *
 * Contract for every migration:
 * - Its statements are idempotent (`IF NOT EXISTS`, `IF EXISTS`): a run that
 *   stopped after some statements but before the record can run again.
 * - Once released, its text for a given layout never changes: the recorded
 *   checksum is compared at every start and a difference stops the start.
 *   Changes go into a new migration with the next version.
 * - It does not set TTLs: those follow the configured retention and are
 *   reconciled after the migrations (see ttl.ts).
 */
import type { SchemaLayout } from './ddl.ts';

export interface Migration {
  readonly version: number;
  /** Short kebab-case name, recorded with the version. */
  readonly name: string;
  /** The statements for a layout, in order. */
  statements(layout: SchemaLayout): string[];
}
