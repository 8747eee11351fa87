// Entry point: everything happens in run(). CommonJS output has no top-level
// await, and run() never rejects (it reports its own failures).
import { run } from './main.js'

void run()
