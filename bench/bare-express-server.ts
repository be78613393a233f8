import express from 'express'

// The baseline for the webhook ingest benchmark: parse the JSON body and answer 200.
const app = express()
app.post('/webhook', express.json({ limit: '64mb', type: () => true }), (_request, response) => {
  response.status(200).json({ status: 'accepted' })
})
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`)
})
