import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place errors about files are made: each keeps the path and `errno` it came from as fields,
/// and says what failed once in English and once in Portuguese.
extension AcervoError {
    /// What Acervo was doing to a file when the system refused, named in both languages.
    public struct FileOperation: Sendable, Hashable {
        /// The verb phrase in English, completed by the path: "create", "move /a to".
        public let english: String
        /// The verb phrase in Portuguese, completed by the path: "criar", "mover /a para".
        public let portuguese: String

        /// Names an operation the constants below do not cover.
        public init(english: String, portuguese: String) {
            self.english = english
            self.portuguese = portuguese
        }

        /// Creating a new file.
        public static let create = FileOperation(english: "create", portuguese: "criar")
        /// Opening an existing file.
        public static let open = FileOperation(english: "open", portuguese: "abrir")
        /// Reading a file's bytes.
        public static let read = FileOperation(english: "read", portuguese: "ler")
        /// Writing a file's bytes.
        public static let write = FileOperation(english: "write", portuguese: "gravar")
        /// Syncing a file to the disk (`fsync`).
        public static let sync = FileOperation(english: "sync", portuguese: "sincronizar com o disco")
        /// Closing a file, which can report a deferred write failure.
        public static let close = FileOperation(english: "close", portuguese: "fechar")
        /// Reading a file's metadata (`stat`, `lstat`).
        public static let inspect = FileOperation(english: "inspect", portuguese: "examinar")
        /// Creating a directory.
        public static let createDirectory = FileOperation(english: "create the directory", portuguese: "criar o diretório")
        /// Opening a directory.
        public static let openDirectory = FileOperation(english: "open the directory", portuguese: "abrir o diretório")
        /// Syncing a directory's entries to the disk.
        public static let syncDirectory = FileOperation(english: "sync the directory",
                                                        portuguese: "sincronizar com o disco o diretório")
        /// Taking a lock on a file.
        public static let lock = FileOperation(english: "lock", portuguese: "bloquear")
        /// Opening (and creating when absent) the store's SQLite ledger.
        public static let openLedger = FileOperation(english: "open the ledger", portuguese: "abrir o registro do acervo")
        /// Writing rows into the store's SQLite ledger.
        public static let updateLedger = FileOperation(english: "update the ledger", portuguese: "atualizar o registro do acervo")
        /// Reading a policy file.
        public static let readPolicy = FileOperation(english: "read the policy file", portuguese: "ler o arquivo de política")
        /// Writing an upload into its staging file.
        public static let stage = FileOperation(english: "write the staging file", portuguese: "gravar o arquivo de recebimento")

        /// Renaming `source` to the path the error names.
        public static func move(from source: String) -> FileOperation {
            FileOperation(english: "move \(source) to", portuguese: "mover \(source) para")
        }

        /// Hard-linking `source` at the path the error names.
        public static func link(from source: String) -> FileOperation {
            FileOperation(english: "link \(source) to", portuguese: "vincular \(source) em")
        }

        /// Copying `source` to the path the error names.
        public static func copy(from source: String) -> FileOperation {
            FileOperation(english: "copy \(source) to", portuguese: "copiar \(source) para")
        }
    }

    /// A system call doing `operation` on the file at `path` failed with `errno`: code ``Code/io``,
    /// "cannot create /x: No such file or directory" / "não foi possível criar /x: arquivo ou diretório
    /// inexistente". A full disk (`ENOSPC`, `EDQUOT`) says so first, in both languages.
    public static func io(_ operation: FileOperation, path: String, errno: Int32,
                          underlying: (any Error & Sendable)? = nil) -> AcervoError {
        let full = isDiskFull(errno)
        return AcervoError(
            .io,
            english: (full ? "disk full: " : "") + "cannot \(operation.english) \(path): \(systemText(errno))",
            portuguese: (full ? "disco cheio: " : "") + "não foi possível \(operation.portuguese) \(path): \(portugueseText(errno))",
            path: path, errno: errno, underlying: underlying)
    }

    /// A Foundation or library call doing `operation` on `path` failed with `error`; the `errno` is taken
    /// from it (a `POSIXError`, or an `NSError` whose underlying error is one) when it has one. The code is
    /// ``Code/io`` unless `code` says otherwise (``Code/policy`` for a policy file that cannot be read).
    public static func io(_ operation: FileOperation, path: String, underlying error: any Error,
                          code: Code = .io) -> AcervoError {
        let sendable: any Error & Sendable = error
        guard let number = posixCode(of: error) else {
            return AcervoError(code, english: "cannot \(operation.english) \(path): \(error.localizedDescription)",
                               portuguese: "não foi possível \(operation.portuguese) \(path)",
                               path: path, underlying: sendable)
        }
        let made = io(operation, path: path, errno: number, underlying: sendable)
        return AcervoError(code, english: made.english, portuguese: made.portuguese ?? made.english,
                           path: path, errno: number, underlying: sendable)
    }

    /// Writing to `path` found no space left on its file system (`ENOSPC`): an operational failure,
    /// never a verdict on the file being written.
    public static func diskFull(path: String) -> AcervoError {
        io(.write, path: path, errno: ENOSPC)
    }

    /// The file at `path` is a directory, a device, a FIFO or a link where a regular file was needed.
    public static func notRegularFile(path: String, code: Code = .io) -> AcervoError {
        AcervoError(code, english: "not a regular file: \(path)", portuguese: "não é um arquivo comum: \(path)", path: path)
    }

    /// Whether the failure is a full disk or an exhausted quota (`ENOSPC`, `EDQUOT`).
    public var isDiskFull: Bool { errno.map(Self.isDiskFull) ?? false }

    private static func isDiskFull(_ code: Int32) -> Bool { code == ENOSPC || code == EDQUOT }

    /// The system's own text for `code`, as `strerror` gives it (English in the C locale).
    private static func systemText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// The Portuguese for the failures a store or an intake meets; the system's text otherwise.
    private static func portugueseText(_ code: Int32) -> String {
        switch code {
        case ENOENT: "arquivo ou diretório inexistente"
        case EACCES: "permissão negada"
        case EPERM: "operação não permitida"
        case ENOSPC: "não há espaço no dispositivo"
        case EDQUOT: "cota de disco excedida"
        case EROFS: "sistema de arquivos somente leitura"
        case EIO: "erro de entrada e saída"
        case EEXIST: "o arquivo já existe"
        case ENOTDIR: "não é um diretório"
        case EISDIR: "é um diretório"
        case ENAMETOOLONG: "nome de arquivo longo demais"
        case ELOOP: "links simbólicos demais"
        case EMFILE, ENFILE: "arquivos abertos demais"
        case EXDEV: "os caminhos estão em sistemas de arquivos diferentes"
        case EBUSY: "dispositivo ou recurso ocupado"
        case EINTR: "chamada interrompida"
        default: "erro do sistema \(code) (\(systemText(code)))"
        }
    }

    /// The `errno` a Foundation error carries: its own code in the POSIX domain, or its underlying error's.
    public static func posixCode(of error: any Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let bridged = error as NSError
        if bridged.domain == NSPOSIXErrorDomain { return Int32(bridged.code) }
        if let underlying = bridged.userInfo[NSUnderlyingErrorKey] as? any Error { return posixCode(of: underlying) }
        return nil
    }
}
