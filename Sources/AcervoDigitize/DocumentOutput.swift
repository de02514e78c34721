public import AcervoCore
import AcervoSystem
public import Foundation

/// Writes a digitized document so that its name only ever names a whole file.
///
/// The bytes go to a temporary name beside the destination (`.NAME.partial-XXXXXXXX`, created with
/// `O_EXCL`), are synced, and the file is renamed over the destination and its directory synced: the
/// store's own durable write (AcervoSystem's `DurableFiles`). A failure before the rename removes the
/// temporary file and leaves whatever the destination held before.
public enum DocumentOutput {
    /// Creates the temporary file, hands its descriptor (open for reading and writing) to `body` to write,
    /// then syncs and publishes it.
    public static func write<T>(to destination: URL, _ body: (Int32) throws(AcervoError) -> T) throws(AcervoError) -> T {
        try DurableFiles.publish(destination, body)
    }
}
