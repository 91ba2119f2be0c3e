import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Ties a worker's life to the process that started it, through its standard input.
///
/// `onepoint dev` gives each worker the read end of a pipe as standard input and keeps the write
/// end open for as long as it runs, writing nothing. However `dev` ends (a clean stop, a crash,
/// SIGKILL) the kernel closes the write end, and the worker reads end of file: its parent is gone,
/// and with it the embedded cluster the worker was using. The worker then stops gracefully
/// (exactly as on SIGTERM) and, if that has not finished within `grace`, exits at once.
///
/// A pipe rather than `prctl(PR_SET_PDEATHSIG)`: Linux sends the parent-death signal when the
/// *thread* that started the child ends, and `dev` starts workers from a pooled concurrency
/// thread that may end while `dev` runs on; a pipe's end of file depends only on the process.
public enum ParentLifeline {
    /// The exit status of a worker that had to exit because its graceful stop took too long after
    /// its parent had gone.
    public static let lostParentExitStatus: Int32 = 70

    /// Starts watching standard input on a thread of its own. Returns at once.
    ///
    /// - Parameters:
    ///   - grace: how long the graceful stop may take after end of file before the process exits.
    ///   - logger: where the loss of the parent is logged.
    public static func watchStandardInput(grace: Duration, logger: Logger) {
        let thread = Thread {
            waitForEndOfFile(descriptor: STDIN_FILENO)
            logger.warning("the process that started this worker is gone (standard input closed): stopping")
            // The same path as a SIGTERM from outside: ServiceLifecycle's graceful shutdown. Before
            // the service group runs, SIGTERM's default action ends the process, which is right too.
            kill(getpid(), SIGTERM)
            Thread.sleep(forTimeInterval: grace.seconds)
            logger.critical("still running \(grace) after the parent went: exiting now")
            _exit(lostParentExitStatus)
        }
        thread.name = "onepoint.parent-lifeline"
        thread.start()
    }

    /// Blocks until `descriptor` reads end of file or fails (anything but EINTR).
    private static func waitForEndOfFile(descriptor: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 { continue }
            if count < 0 && errno == EINTR { continue }
            return
        }
    }
}

extension Duration {
    /// This duration in seconds, as a `Double`.
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
