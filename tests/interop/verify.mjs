// An independent verifier for binakerja's credentials: Digital Bazaar's @digitalbazaar/vc with the
// eddsa-jcs-2022 Data Integrity cryptosuite and @digitalbazaar/vc-bitstring-status-list, as a
// wallet or an employer's verifier would run them. Nothing here is binakerja code.
//
// usage: node verify.mjs BUNDLE.json
// BUNDLE: {"now": ISO date-time,
//          "contexts": {url: context document},          pinned JSON-LD contexts
//          "documents": {url-or-did: document},         DID documents and status list credentials
//          "cases": [{"name": str, "credential": {...}}]}
// prints one JSON array: [{"name", "verified", "errors": [str], "status": {purpose: bool}, "expanded"}]
//
// The document loader answers from the bundle only and refuses every other URL: no network.
import {readFileSync} from 'node:fs';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {checkStatus as checkBitstringStatus} from '@digitalbazaar/vc-bitstring-status-list';
import jsonld from 'jsonld';

const bundle = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const {contexts = {}, documents = {}} = bundle;
const refused = [];

async function documentLoader(url) {
  const answer = document => ({contextUrl: null, documentUrl: url, document: structuredClone(document)});
  if(url in contexts) {
    return answer(contexts[url]);
  }
  const [base, fragment] = url.split('#');
  if(base.startsWith('did:')) {
    const did = documents[base];
    if(!did) {
      throw new Error(`DID ${base} cannot be resolved offline`);
    }
    if(!fragment) {
      return answer(did);
    }
    const method = (did.verificationMethod || []).find(m => m.id === url);
    if(!method) {
      throw new Error(`verification method ${url} is not in the DID document`);
    }
    return answer({'@context': did['@context'], ...method});
  }
  if(url in documents) {
    return answer(documents[url]);
  }
  refused.push(url);
  throw new Error(`offline document loader refuses ${url}`);
}

// Bitstring Status List's checkStatus reports each bit; a set bit means the credential fails.
async function checkStatus(options) {
  const result = await checkBitstringStatus({...options, verifyBitstringStatusListCredential: true});
  if(!result.verified) {
    return result;
  }
  const set = result.results.filter(r => r.status).map(r => r.credentialStatus.statusPurpose);
  if(set.length > 0) {
    return {verified: false, results: result.results, error: new Error(`status set: ${set.join(', ')}`)};
  }
  return result;
}

function messages(error) {
  if(!error) {
    return [];
  }
  const list = Array.isArray(error) ? error : [error];
  return list.flatMap(e => [e.message, ...(e.errors ? messages(e.errors) : []), ...(e.cause ? messages(e.cause) : [])]);
}

const out = [];
for(const {name, credential} of bundle.cases) {
  const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
  let verified = false;
  let errors = [];
  const status = {};
  try {
    const result = await vc.verifyCredential({
      credential: structuredClone(credential), suite, documentLoader, checkStatus, now: new Date(bundle.now)
    });
    verified = result.verified;
    errors = [...messages(result.error), ...messages(result.statusResult?.error)];
    for(const r of result.results || []) {
      errors.push(...messages(r.error));
    }
    for(const r of result.statusResult?.results || []) {
      status[r.credentialStatus.statusPurpose] = r.status;
    }
  } catch(e) {
    errors = messages(e);
  }
  // The credential is also well-formed JSON-LD: safe mode throws on any term the contexts drop.
  let expanded = true;
  try {
    await jsonld.expand(structuredClone(credential), {documentLoader, safe: true});
  } catch(e) {
    expanded = false;
    errors.push(`JSON-LD: ${e.message}`);
  }
  out.push({name, verified, errors, status, expanded});
}
process.stdout.write(JSON.stringify({results: out, refused}, null, 2) + '\n');
