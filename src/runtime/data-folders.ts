/** The folders of `.runtime-data/` that users already know (ARCHITECTURE.md). */
export const dataFolders = [
  'orchestration',
  'customers',
  'agenda',
  'billing',
  'crm',
  'crm-automation',
  'owner-memory',
  'owner-memory-maintenance',
  'tenant-runtime-config',
  'owner-short-memory',
  'owner-episodes',
  'panel',
] as const
