import Testing

/// The worker processes allocate through jemalloc (the `jemalloc` linker setting in
/// `Package.swift`; docs/performance.md, session 29). Asked by `MALLOC_CONF`, jemalloc prints its
/// statistics when the process exits; glibc's allocator ignores the variable and prints nothing,
/// so a worker linked without jemalloc, or one whose `malloc` binds to glibc's first, fails here.
@Suite struct WorkerAllocatorTests {
    @Test(arguments: ["onepoint-fault", "onepoint-provisioning", "onepoint-cutover", "onepoint-reporting", "onepoint-relay"])
    func workerAllocatesThroughJemalloc(_ worker: String) async throws {
        let run = try await BuiltExecutables.run(worker, ["--help"], environment: ["MALLOC_CONF": "stats_print:true"])
        #expect(run.status == 0, "\(worker) --help: \(run.output)")
        #expect(run.output.contains("Begin jemalloc statistics"), "\(worker) does not allocate through jemalloc; its output: \(run.output.prefix(400))")
    }
}
