export { whatsappInstanceSchema, emptyWhatsappInstance, type WhatsappInstance, type WhatsappInstanceStore } from './whatsapp-instance.js'
export { createFileWhatsappInstanceStore } from './file-whatsapp-instance-store.js'
export { createPostgresWhatsappInstanceStore } from './postgres-whatsapp-instance-store.js'
