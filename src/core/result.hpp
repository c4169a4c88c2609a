// Result<T>: the one way expected failures travel through belfry.
//
// Contract: domain code returns Result<T> for failures a caller can act on (validation, not found,
// conflict, permission, a network refusing a request). Exceptions are reserved for the
// unrecoverable; asserts for programmer mistakes. The HTTP layer maps ErrorCode to a status code
// in exactly one place (http/problem.cpp). Messages say what was wrong and what to do.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace belfry::core {

enum class ErrorCode {
    kInvalidArgument,   // the input is wrong; field names which part
    kNotFound,          // the thing does not exist or is not visible to the caller
    kConflict,          // the thing exists already or changed meanwhile
    kUnauthenticated,   // no valid session or token
    kPermissionDenied,  // authenticated, but the role does not allow it
    kTooManyRequests,   // throttled; retry_after_seconds says when to retry
    kPayloadTooLarge,   // body over the limit
    kUnsupportedMediaType,
    kUnavailable,  // a dependency (database, network) did not answer
    kInternal,     // a bug or an unexpected state; logged with details
};

// A problem with one field of the input.
struct FieldError {
    std::string field;
    std::string message;
    long long channel_id = 0;  // optional: the channel the problem is about (publishing), 0 when none
};

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::string field;                // optional: the input field at fault
    std::vector<FieldError> details;  // optional: every field at fault
    int retry_after_seconds = 0;      // with kTooManyRequests

    static Error Invalid(std::string field_name, std::string msg) {
        Error e{ErrorCode::kInvalidArgument, std::move(msg), std::move(field_name), {}, 0};
        e.details.push_back({e.field, e.message});
        return e;
    }
    static Error NotFound(std::string msg) { return {ErrorCode::kNotFound, std::move(msg), {}, {}, 0}; }
    static Error Conflict(std::string msg) { return {ErrorCode::kConflict, std::move(msg), {}, {}, 0}; }
    static Error Denied(std::string msg) { return {ErrorCode::kPermissionDenied, std::move(msg), {}, {}, 0}; }
    static Error Unauthenticated(std::string msg) { return {ErrorCode::kUnauthenticated, std::move(msg), {}, {}, 0}; }
    static Error Internal(std::string msg) { return {ErrorCode::kInternal, std::move(msg), {}, {}, 0}; }
    static Error Unavailable(std::string msg) { return {ErrorCode::kUnavailable, std::move(msg), {}, {}, 0}; }
    static Error TooMany(std::string msg, int retry_after) {
        return {ErrorCode::kTooManyRequests, std::move(msg), {}, {}, retry_after};
    }
};

// Holds either a T or an Error. Accessing the wrong side is a programmer mistake (asserted).
template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(v_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const& {
        assert(!ok());
        return std::get<1>(v_);
    }
    Error&& error() && {
        assert(!ok());
        return std::get<1>(std::move(v_));
    }

  private:
    std::variant<T, Error> v_;
};

struct Unit {};

// Result<void> equivalent.
using Status = Result<Unit>;
inline Status Ok() { return Unit{}; }

}  // namespace belfry::core

// Propagates an error from an expression returning Result<...>.
#define BELFRY_TRY(expr)                                  \
    do {                                                  \
        auto belfry_try_result_ = (expr);                 \
        if (!belfry_try_result_.ok()) {                   \
            return std::move(belfry_try_result_).error(); \
        }                                                 \
    } while (0)

// Declares `var` from the value of a Result-returning expression or returns its error.
// `var` names a declaration and cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define BELFRY_ASSIGN_OR_RETURN(var, expr)                            \
    auto var##_result_ = (expr);                                      \
    if (!var##_result_.ok()) return std::move(var##_result_).error(); \
    auto var = std::move(var##_result_).value()
// NOLINTEND(bugprone-macro-parentheses)
