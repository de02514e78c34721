#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes a system call again for as long as a signal interrupts it (`EINTR`), and returns its result:
/// the one place Acervo handles interruptions, as swift-nio's `syscall` wrapper does. Any other failure
/// comes back as the call gave it, a negative result with `errno` set.
package func retryingInterrupted<Result: BinaryInteger>(_ call: () -> Result) -> Result {
    while true {
        let result = call()
        if result < 0 && errno == EINTR { continue }
        return result
    }
}
