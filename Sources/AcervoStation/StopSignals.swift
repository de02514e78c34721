import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT as requests to stop: the station finishes the documents in hand, then returns from
/// ``Station/run(events:)``. Dispatch signal sources, so the handler runs on a queue, not inside a signal.
public final class StopSignals {
    private let sources: [any DispatchSourceSignal]

    /// Routes SIGTERM and SIGINT to `station.stop()` until the returned value is released.
    public static func install(_ station: Station) -> StopSignals {
        StopSignals(signals: [SIGTERM, SIGINT]) { station.stop() }
    }

    private init(signals: [Int32], action: @escaping @Sendable () -> Void) {
        sources = signals.map { number in
            signal(number, SIG_IGN)   // the default action would end the process before the source sees it
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: action)
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
