import Testing

/// The complaint web API through real HTTP on 127.0.0.1. One test at a time: the 1 GB upload measures a
/// server's memory and writes, and the machine is small.
@Suite("Complaint web API", .serialized)
struct ComplaintAPITests {}
