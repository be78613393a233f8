/**
 * The inner loop of the file backend's exact vector scan: dot products of one query with many
 * rows, in WebAssembly SIMD (four f32 lanes, four accumulators). A plain JS loop over 10k × 1536
 * floats takes ~17–23 ms on a CI core because V8 does not vectorise it; this takes a few. The
 * module is a few dozen instructions, assembled here from the listing below rather than shipped
 * as an opaque binary, and is checked against the JS loop in test/memory/vector-rows.test.ts.
 *
 * Layout in the instance's memory (all offsets in bytes, every row `stride` bytes, a multiple of
 * 64, zero-padded): `dot(query, base, rowIds, count, stride, out)` writes
 * `out[k] = Σ query[i] · row(rowIds[k])[i]` for k < count, where row r starts at `base + r·stride`.
 */

/** Rows are padded to a multiple of 16 floats: one pass of the loop takes 4 × f32x4. */
export const ROW_ALIGN_FLOATS = 16

const op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f32Store: 0x38,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  f32Add: 0x92,
  simd: 0xfd,
  void: 0x40,
} as const
// SIMD instructions: 0xfd then the LEB128 sub-opcode (WebAssembly SIMD spec, "Instructions").
const v128Load = [op.simd, 0x00]
const v128Const = [op.simd, 0x0c]
const f32x4ExtractLane = [op.simd, 0x1f]
const f32x4Add = [op.simd, 0xe4, 0x01]
const f32x4Mul = [op.simd, 0xe6, 0x01]
const i32 = 0x7f
const v128 = 0x7b

const uleb = (value: number): number[] => {
  const bytes: number[] = []
  do {
    let byte = value & 0x7f
    value >>>= 7
    if (value !== 0) byte |= 0x80
    bytes.push(byte)
  } while (value !== 0)
  return bytes
}

/** Small non-negative constants only (the listing uses 1, 2 and 64), so one signed LEB byte or two. */
const i32Const = (value: number): number[] => [op.i32Const, ...(value < 64 ? [value] : [(value & 0x7f) | 0x80, value >> 7])]
const get = (local: number) => [op.localGet, local]
const set = (local: number) => [op.localSet, local]
const tee = (local: number) => [op.localTee, local]
/** memarg: log2 alignment, offset. */
const memarg = (align: number, offset: number) => [align, ...uleb(offset)]

// Parameters 0–5, then locals.
const [QUERY, BASE, ROW_IDS, COUNT, STRIDE, OUT] = [0, 1, 2, 3, 4, 5]
const [K, ROW, QP, QEND] = [6, 7, 8, 9]
const ACC = [10, 11, 12, 13]

const body = (): number[] => [
  op.block, op.void,
  ...get(COUNT), op.i32Eqz, op.brIf, 0, // nothing to do
  op.loop, op.void, // for each k
  // row = base + rowIds[k] * stride
  ...get(BASE),
  ...get(ROW_IDS), ...get(K), ...i32Const(2), op.i32Shl, op.i32Add, op.i32Load, ...memarg(2, 0),
  ...get(STRIDE), op.i32Mul, op.i32Add, ...set(ROW),
  ...get(QUERY), ...set(QP),
  ...get(QUERY), ...get(STRIDE), op.i32Add, ...set(QEND),
  ...v128Const, ...new Array<number>(16).fill(0), ...tee(ACC[0] as number), ...tee(ACC[1] as number), ...tee(ACC[2] as number), ...set(ACC[3] as number),
  op.loop, op.void, // 16 floats per pass
  ...ACC.flatMap((acc, lane) => [
    ...get(acc),
    ...get(ROW), ...v128Load, ...memarg(4, lane * 16),
    ...get(QP), ...v128Load, ...memarg(4, lane * 16),
    ...f32x4Mul, ...f32x4Add, ...set(acc),
  ]),
  ...get(ROW), ...i32Const(64), op.i32Add, ...set(ROW),
  ...get(QP), ...i32Const(64), op.i32Add, ...tee(QP),
  ...get(QEND), op.i32LtU, op.brIf, 0,
  op.end,
  // out[k] = horizontal sum of the four accumulators
  ...get(OUT), ...get(K), ...i32Const(2), op.i32Shl, op.i32Add,
  ...get(ACC[0] as number), ...get(ACC[1] as number), ...f32x4Add, ...get(ACC[2] as number), ...get(ACC[3] as number), ...f32x4Add, ...f32x4Add,
  ...tee(ACC[0] as number), ...f32x4ExtractLane, 0,
  ...get(ACC[0] as number), ...f32x4ExtractLane, 1, op.f32Add,
  ...get(ACC[0] as number), ...f32x4ExtractLane, 2, op.f32Add,
  ...get(ACC[0] as number), ...f32x4ExtractLane, 3, op.f32Add,
  op.f32Store, ...memarg(2, 0),
  ...get(K), ...i32Const(1), op.i32Add, ...tee(K),
  ...get(COUNT), op.i32LtU, op.brIf, 0,
  op.end,
  op.end,
  op.end, // function
]

const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content]
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()]
const name = (text: string): number[] => [...uleb(text.length), ...Buffer.from(text, 'utf8')]

/** The module: one function `dot` and one exported, growable memory (1 page to start). */
export const dotKernelBytes = (): Uint8Array<ArrayBuffer> => {
  const code = [...vec([[4, i32], [4, v128]]), ...body()]
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(new Array(6).fill([i32])), ...vec([])]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], [...name('dot'), 0x00, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ])
}

export interface DotKernel {
  memory: WebAssembly.Memory
  dot(query: number, base: number, rowIds: number, count: number, stride: number, out: number): void
}

/** The same computation in plain JS: the fallback where WebAssembly SIMD is missing, and the test oracle. */
export const createJsDotKernel = (): DotKernel => {
  const memory = new WebAssembly.Memory({ initial: 1 })
  return {
    memory,
    dot: (query, base, rowIds, count, stride, out) => {
      const floats = new Float32Array(memory.buffer)
      const ids = new Int32Array(memory.buffer)
      const width = stride / 4
      const q = query / 4
      for (let k = 0; k < count; k++) {
        const row = (base + (ids[rowIds / 4 + k] as number) * stride) / 4
        let sum = 0
        for (let index = 0; index < width; index++) sum += (floats[q + index] as number) * (floats[row + index] as number)
        floats[out / 4 + k] = sum
      }
    },
  }
}

/**
 * Compiles the kernel once (per store); `instantiate` gives each row set its own memory. Falls
 * back to the JS loop where the runtime has no WebAssembly SIMD.
 */
export const compileDotKernel = (): { simd: boolean; instantiate(): DotKernel } => {
  let compiled: WebAssembly.Module | null = null
  try {
    compiled = new WebAssembly.Module(dotKernelBytes())
  } catch {
    compiled = null
  }
  const module = compiled
  if (module === null) return { simd: false, instantiate: createJsDotKernel }
  return {
    simd: true,
    instantiate: () => {
      const { exports } = new WebAssembly.Instance(module, {})
      return { memory: exports.memory as WebAssembly.Memory, dot: exports.dot as DotKernel['dot'] }
    },
  }
}
