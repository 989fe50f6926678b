import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempArchive } from './synthetic.js';

describe('audit log', () => {
  let t: ReturnType<typeof tempArchive>;
  beforeEach(() => {
    t = tempArchive();
  });
  afterEach(() => t.cleanup());

  it('appends and reads back entries in order', () => {
    t.archive.audit.append({ actor: 'a', action: 'settings:change', entity: 'settings', details: { gain: 10 } });
    t.archive.audit.append({ actor: 'b', action: 'export', entity: 'study', entityId: 4 });
    expect(t.archive.audit.latest(5).map((e) => [e.actor, e.action, e.entityId, e.details])).toEqual([
      ['b', 'export', 4, undefined],
      ['a', 'settings:change', undefined, { gain: 10 }],
    ]);
  });

  it('refuses UPDATE, DELETE and REPLACE, even in raw SQL', () => {
    const id = t.archive.audit.append({ actor: 'a', action: 'import', entity: 'study', entityId: 1 });
    expect(() => t.archive.db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE id = ?").run(id)).toThrow(/append-only/);
    expect(() => t.archive.db.prepare('DELETE FROM audit_log WHERE id = ?').run(id)).toThrow(/append-only/);
    expect(() => t.archive.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => t.archive.db.prepare('INSERT OR REPLACE INTO audit_log (id, at, actor, action, entity) VALUES (?, ?, ?, ?, ?)').run(id, 'x', 'm', 'x', 'x')).toThrow(/append-only/);
    expect(t.archive.audit.latest(5)).toMatchObject([{ id, actor: 'a' }]);
  });
});
