// Computes ATProto record CIDs with the reference JavaScript IPLD libraries, as an independent check of the hold.
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

const records = {
  crew: {
    $type: 'io.atcr.hold.crew',
    member: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz',
    role: 'write',
    permissions: ['blob:read', 'blob:write'],
    tier: 'bosun',
    plankowner: true,
    addedAt: '2026-01-02T03:04:05.678Z',
  },
  layer: {
    $type: 'io.atcr.hold.layer',
    digest: 'sha256:' + 'ab'.repeat(32),
    size: 5368709120,
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    repository: 'alice.example/app',
    userDid: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz',
    createdAt: '2026-01-02T03:04:05.678Z',
  },
}
for (const [name, value] of Object.entries(records)) {
  const bytes = dagCbor.encode(value)
  const cid = CID.create(1, dagCbor.code, await sha256.digest(bytes))
  console.log(name, cid.toString())
}
