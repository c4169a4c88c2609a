// belfry user add, belfry token create.
#include <iostream>

#include "app/app.hpp"
#include "app/command.hpp"
#include "core/text.hpp"
#include "store/registry_repo.hpp"

namespace belfry::app {

class UserAddCommand final : public Command {
  public:
    void Setup(CLI::App& sub, GlobalOptions&) override {
        sub.description("Add a user; the password is read from the first line of standard input");
        sub.add_option("--username", in_.username, "sign-in name")->required();
        sub.add_option("--display-name", in_.display_name, "full name shown in the interface")->required();
        sub.add_option("--email", email_, "e-mail address");
        sub.add_option("--locale", in_.locale, "fr, nl, de or en");
        sub.add_option("--role", role_, "grant this role too (e.g. administrator)");
        sub.add_option("--organisation", organisation_, "slug of the organisation for --role (default: the root)");
    }

    int Run(const GlobalOptions& globals) override {
        auto config = globals.Resolve();
        if (!config.ok()) return Fail(config.error());
        std::getline(std::cin, in_.password);
        if (!in_.password.empty() && in_.password.back() == '\r') in_.password.pop_back();
        if (!email_.empty()) in_.email = email_;
        auto app = BuildApp(*config);
        if (!app.ok()) return Fail(app.error());
        const auto system = security::Principal::System("cli:user-add");
        auto user = app.value()->people->CreateUser(system, in_);
        if (!user.ok()) return Fail(user.error());
        if (!role_.empty()) {
            auto org = app.value()->db->Read<std::optional<registry::Organisation>>(
                [&](store::Tx& tx) -> core::Result<std::optional<registry::Organisation>> {
                    if (!organisation_.empty()) return store::GetOrganisationBySlug(tx, organisation_);
                    for (auto& o : store::ListOrganisations(tx)) {
                        if (!o.parent_id) return std::optional<registry::Organisation>(o);
                    }
                    return std::optional<registry::Organisation>();
                });
            if (!org.ok()) return Fail(org.error());
            if (!*org) {
                return Fail(core::Error::NotFound("no organisation '" + organisation_ +
                                                  "': run belfry seed demo or create the organisation first"));
            }
            registry::GrantInput g{user->id, (*org)->id, role_, std::nullopt};
            auto granted = app.value()->people->Grant(system, g);
            if (!granted.ok()) return Fail(granted.error());
        }
        std::cout << "user " << user->username << " created (id " << user->id << ")\n";
        return 0;
    }

  private:
    registry::UserInput in_;
    std::string email_;
    std::string role_;
    std::string organisation_;
};

class TokenCreateCommand final : public Command {
  public:
    void Setup(CLI::App& sub, GlobalOptions&) override {
        sub.description("Create an API token for a user and print it once");
        sub.add_option("--user", username_, "the user the token acts for")->required();
        sub.add_option("--name", name_, "what the token is for")->required();
        sub.add_option("--expires", expires_, "expiry date, e.g. 2027-06-30");
    }

    int Run(const GlobalOptions& globals) override {
        auto config = globals.Resolve();
        if (!config.ok()) return Fail(config.error());
        std::optional<core::Millis> expires;
        if (!expires_.empty()) {
            expires = core::ParseRfc3339(expires_);
            if (!expires) return Fail(core::Error::Invalid("expires", "--expires must be a date like 2027-06-30"));
        }
        auto app = BuildApp(*config);
        if (!app.ok()) return Fail(app.error());
        auto user = app.value()->db->Read<std::optional<std::pair<registry::User, std::string>>>(
            [&](store::Tx& tx) -> core::Result<std::optional<std::pair<registry::User, std::string>>> {
                return store::GetUserForLogin(tx, core::AsciiLower(username_));
            });
        if (!user.ok()) return Fail(user.error());
        if (!*user) return Fail(core::Error::NotFound("no user '" + username_ + "'"));
        security::Principal who;
        who.user_id = (*user)->first.id;
        who.username = (*user)->first.username;
        auto token = app.value()->people->CreateToken(who, name_, expires);
        if (!token.ok()) return Fail(token.error());
        std::cout << token->secret << "\n";
        return 0;
    }

  private:
    std::string username_;
    std::string name_;
    std::string expires_;
};

std::unique_ptr<Command> MakeUserAddCommand() { return std::make_unique<UserAddCommand>(); }
std::unique_ptr<Command> MakeTokenCreateCommand() { return std::make_unique<TokenCreateCommand>(); }

}  // namespace belfry::app
