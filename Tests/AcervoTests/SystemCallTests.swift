import AcervoSystem
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The system-call loops every file Acervo reads or writes goes through.
@Suite struct SystemCallTests {
    @Test("a read a signal interrupts is made again, and the buffer still fills from pieces that arrive late")
    func interruptedReadIsRetried() throws {
        // A handler without SA_RESTART, so the blocked read really returns EINTR.
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        action.sa_flags = 0
        sigemptyset(&action.sa_mask)
        var previous = sigaction()
        try #require(sigaction(SIGUSR1, &action, &previous) == 0)
        defer { sigaction(SIGUSR1, &previous, nil) }
        // Worker threads block signals: let this one take SIGUSR1 while it reads.
        var unblocked = sigset_t(), mask = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, SIGUSR1)
        try #require(pthread_sigmask(SIG_UNBLOCK, &unblocked, &mask) == 0)
        defer { pthread_sigmask(SIG_SETMASK, &mask, nil) }

        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let writer = ends[1]
        let reader = pthread_self()
        let fed = DispatchSemaphore(value: 0)
        let feeder = Thread {
            usleep(100_000)
            pthread_kill(reader, SIGUSR1)  // the read below is blocked: interrupt it
            usleep(100_000)
            _ = write(writer, "first ", 6)
            usleep(100_000)
            _ = write(writer, "second", 6)
            close(writer)
            fed.signal()
        }
        feeder.start()

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 12, alignment: 1)
        defer { buffer.deallocate() }
        let read = readWhole(ends[0], into: buffer)
        fed.wait()  // the pipe's read end stays open until the feeder is done with it
        #expect(read.failure == nil)
        #expect(read.count == 12)
        #expect(String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<read.count]), as: UTF8.self) == "first second")
    }

    @Test("a read that fails reports its errno and what it read before")
    func failedReadReportsErrno() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4, alignment: 1)
        defer { buffer.deallocate() }
        let read = readWhole(-1, into: buffer)
        #expect(read.count == 0)
        #expect(read.failure == EBADF)
    }
}
