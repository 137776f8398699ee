// Response serializers compiled on first use. Fastify compiles a fast-json-stringify serializer for
// every response schema of every route (each status code and content type) while it starts; most
// of them (the problem documents of each error status) serve few or no answers in a replica's
// life, and compiling them was ~35 ms of a ~500 ms start and a share of the idle heap. This
// factory hands Fastify the same serializers, built by the same compiler with the same shared
// schemas and options, each one on the first answer that needs it. test/plugins/lazy-compile.test.ts
// builds them all at start (BuildOptions.compileSchemasAtStart), so a schema the compiler refuses still fails the tests rather than a request.
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'

type Factory = ReturnType<typeof SerializerSelector>
type Compiler = ReturnType<Factory>
type Serializer = ReturnType<Compiler>

/** A compilersFactory.buildSerializer for Fastify's schemaController option; `atStart` compiles each at once (tests). */
export function lazySerializerBuilder(atStart = false): Factory {
  const buildEager = SerializerSelector()
  return (externalSchemas, options) => {
    const compileEager = buildEager(externalSchemas, options)
    return (route) => {
      if (atStart) return compileEager(route)
      let serialize: Serializer | undefined
      return (data) => (serialize ??= compileEager(route))(data)
    }
  }
}
