import Crypto
package import Foundation

/// Lowercase hexadecimal, the spelling of every digest Acervo writes: the store's inventories and
/// records, the receive stage, dossier manifests.
package enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    package static func string<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(128)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    package static func sha256(_ data: Data) -> String { string(SHA256.hash(data: data)) }
    package static func sha512(_ data: Data) -> String { string(SHA512.hash(data: data)) }
}
