import type { FileStorage } from '../../storage/file/index.js'
import type { PanelSession } from './panel-session.js'
import type { PanelSessionStore } from './panel-session-store.js'

/** The file engine scopes records by tenant; sessions span tenants, so they share one scope. */
const SCOPE = '_panel'

type StoredSession = PanelSession & { tenant_id: typeof SCOPE }

export const createFilePanelSessionStore = async (storage: FileStorage): Promise<PanelSessionStore> => {
  const collection = await storage.collection<StoredSession>({ folder: 'panel', name: 'sessions', idOf: (session) => session.session_hash })
  const strip = ({ tenant_id: _scope, ...session }: StoredSession): PanelSession => session

  return {
    save: async ({ session }) => {
      await collection.put({ ...structuredClone(session), tenant_id: SCOPE })
    },
    find: async ({ sessionHash, now }) => {
      const stored = collection.get(SCOPE, sessionHash)
      return stored && Date.parse(stored.expires_at) > now.getTime() ? strip(stored) : null
    },
    delete: async ({ sessionHash }) => collection.delete(SCOPE, sessionHash),
    deleteExpired: async ({ now }) => {
      const expired = collection.list(SCOPE).filter((session) => Date.parse(session.expires_at) <= now.getTime())
      for (const session of expired) await collection.delete(SCOPE, session.session_hash)
      return expired.length
    },
  }
}
