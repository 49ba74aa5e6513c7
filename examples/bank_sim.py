"""A small bank, simulated: the class-heavy test case.

Money is a value type with arithmetic dunders; accounts form a hierarchy (checking with an
overdraft, savings with interest and a withdrawal limit, a credit line) behind properties; the bank
moves money in transactions that roll back on error (a context manager), keeps a ledger that can be
iterated, sliced and searched, and raises its own exception hierarchy. A seeded customer model
drives a year of days, and the program prints statements and a summary that must balance.

Run: python3.11 examples/bank_sim.py [days]
"""

import sys
from functools import total_ordering


# ---- money --------------------------------------------------------------------------------------


@total_ordering
class Money:
    """An amount in cents of one currency; never a float."""

    __slots__ = ("cents", "currency")

    def __init__(self, cents=0, currency="EUR"):
        if not isinstance(cents, int):
            raise TypeError(f"cents must be an int, not {type(cents).__name__}")
        self.cents = cents
        self.currency = currency

    @classmethod
    def parse(cls, text):
        sign = -1 if text.startswith("-") else 1
        whole, _, frac = text.lstrip("-").partition(".")
        frac = (frac + "00")[:2]
        return cls(sign * (int(whole) * 100 + int(frac)))

    def _check(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise CurrencyMismatch(self.currency, other.currency)
        return other

    def __add__(self, other):
        other = self._check(other)
        if other is NotImplemented:
            return other
        return Money(self.cents + other.cents, self.currency)

    def __radd__(self, other):
        # sum() starts from 0.
        if other == 0:
            return self
        return self.__add__(other)

    def __sub__(self, other):
        other = self._check(other)
        if other is NotImplemented:
            return other
        return Money(self.cents - other.cents, self.currency)

    def __mul__(self, factor):
        if isinstance(factor, Money):
            return NotImplemented
        # Banker's rounding to the cent, like decimal's ROUND_HALF_EVEN.
        return Money(round(self.cents * factor), self.currency)

    __rmul__ = __mul__

    def __neg__(self):
        return Money(-self.cents, self.currency)

    def __abs__(self):
        return Money(abs(self.cents), self.currency)

    def __bool__(self):
        return self.cents != 0

    def __eq__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        return (self.cents, self.currency) == (other.cents, other.currency)

    def __lt__(self, other):
        other = self._check(other)
        if other is NotImplemented:
            return other
        return self.cents < other.cents

    def __hash__(self):
        return hash((self.cents, self.currency))

    def __repr__(self):
        return f"Money({self.cents}, {self.currency!r})"

    def __str__(self):
        sign = "-" if self.cents < 0 else ""
        whole, cents = divmod(abs(self.cents), 100)
        return f"{sign}{whole:,}.{cents:02d} {self.currency}"

    def __format__(self, spec):
        return format(str(self), spec)


ZERO = Money(0)


# ---- errors -------------------------------------------------------------------------------------


class BankError(Exception):
    """Base of everything the bank refuses."""


class CurrencyMismatch(BankError):
    def __init__(self, have, got):
        super().__init__(f"cannot combine {have} with {got}")


class InsufficientFunds(BankError):
    def __init__(self, account, amount):
        super().__init__(f"{account.number}: cannot withdraw {amount}, available {account.available}")
        self.account = account
        self.amount = amount


class LimitExceeded(BankError):
    pass


class AccountClosed(BankError):
    pass


# ---- accounts -----------------------------------------------------------------------------------


class Account:
    kind = "account"
    _next_number = 1000

    def __init__(self, owner, opening=ZERO):
        Account._next_number += 1
        self.number = f"{self.kind[:3].upper()}-{Account._next_number}"
        self.owner = owner
        self._balance = ZERO
        self.closed = False
        self.history = []
        if opening:
            self.deposit(opening, "opening deposit")

    @property
    def balance(self):
        return self._balance

    @property
    def available(self):
        """What can be withdrawn right now."""
        return self._balance

    def _post(self, amount, memo):
        if self.closed:
            raise AccountClosed(f"{self.number} is closed")
        self._balance = self._balance + amount
        self.history.append((amount, memo, self._balance))

    def deposit(self, amount, memo="deposit"):
        if amount.cents <= 0:
            raise ValueError(f"deposit must be positive, got {amount}")
        self._post(amount, memo)

    def withdraw(self, amount, memo="withdrawal"):
        if amount.cents <= 0:
            raise ValueError(f"withdrawal must be positive, got {amount}")
        if amount > self.available:
            raise InsufficientFunds(self, amount)
        self._post(-amount, memo)

    def month_end(self, month):
        """Fees and interest; the base account has none."""

    def close(self):
        if self._balance:
            raise BankError(f"{self.number} still holds {self._balance}")
        self.closed = True

    def __len__(self):
        return len(self.history)

    def __iter__(self):
        return iter(self.history)

    def __repr__(self):
        return f"<{type(self).__name__} {self.number} {self.owner.name}: {self._balance}>"


class CheckingAccount(Account):
    kind = "checking"
    monthly_fee = Money(250)

    def __init__(self, owner, opening=ZERO, overdraft=Money(50000)):
        self.overdraft = overdraft
        super().__init__(owner, opening)

    @property
    def available(self):
        return self._balance + self.overdraft

    def month_end(self, month):
        if self._balance < ZERO:
            # Overdraft interest: 1% a month on the negative balance.
            self._post(self._balance * 0.01, f"overdraft interest {month}")
        self._post(-self.monthly_fee, f"fee {month}")


class SavingsAccount(Account):
    kind = "savings"

    def __init__(self, owner, opening=ZERO, rate=0.02, withdrawals_per_month=3):
        self.rate = rate
        self.withdrawals_per_month = withdrawals_per_month
        self.withdrawals = 0
        super().__init__(owner, opening)

    def withdraw(self, amount, memo="withdrawal"):
        if self.withdrawals >= self.withdrawals_per_month:
            raise LimitExceeded(f"{self.number}: {self.withdrawals} withdrawals this month")
        super().withdraw(amount, memo)
        self.withdrawals += 1

    def month_end(self, month):
        self.withdrawals = 0
        interest = self._balance * (self.rate / 12)
        if interest:
            self._post(interest, f"interest {month}")


class CreditLine(Account):
    kind = "credit"

    def __init__(self, owner, limit):
        self.limit = limit
        super().__init__(owner)

    @property
    def available(self):
        return self.limit + self._balance

    @property
    def utilization(self):
        return -self._balance.cents / self.limit.cents

    def month_end(self, month):
        if self._balance < ZERO:
            self._post(self._balance * 0.015, f"credit interest {month}")


# ---- customers and the bank ---------------------------------------------------------------------


class Customer:
    def __init__(self, name, salary, spending):
        self.name = name
        self.salary = salary
        self.spending = spending
        self.accounts = {}

    def open(self, account):
        self.accounts[account.kind] = account
        return account

    def net_worth(self):
        return sum((a.balance for a in self.accounts.values()), ZERO)

    def __repr__(self):
        return f"Customer({self.name!r})"


class Transaction:
    """Applies postings atomically: on any error, the postings made so far are reversed."""

    def __init__(self, bank, memo):
        self.bank = bank
        self.memo = memo
        self.done = []

    def __enter__(self):
        return self

    def withdraw(self, account, amount):
        account.withdraw(amount, self.memo)
        self.done.append((account, -amount))

    def deposit(self, account, amount):
        account.deposit(amount, self.memo)
        self.done.append((account, amount))

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.bank.committed += 1
            return False
        for account, amount in reversed(self.done):
            account._post(-amount, f"reversal: {self.memo}")
        self.bank.rolled_back += 1
        if issubclass(exc_type, BankError):
            self.bank.refusals[exc_type.__name__] = self.bank.refusals.get(exc_type.__name__, 0) + 1
            return True
        return False


class Rng:
    """xorshift64*: deterministic on every platform and Python version."""

    def __init__(self, seed):
        self.state = seed or 1

    def next(self):
        x = self.state
        x ^= (x >> 12)
        x ^= (x << 25) & 0xFFFFFFFFFFFFFFFF
        x ^= (x >> 27)
        self.state = x
        return ((x * 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF) >> 11

    def below(self, n):
        return self.next() % n

    def chance(self, percent):
        return self.below(100) < percent


class Bank:
    def __init__(self, name):
        self.name = name
        self.customers = []
        self.committed = 0
        self.rolled_back = 0
        self.refusals = {}

    def add_customer(self, customer):
        self.customers.append(customer)
        return customer

    def accounts(self):
        for c in self.customers:
            yield from c.accounts.values()

    def transfer(self, source, target, amount, memo):
        with Transaction(self, memo) as t:
            t.withdraw(source, amount)
            t.deposit(target, amount)

    def total_deposits(self):
        return sum((a.balance for a in self.accounts()), ZERO)

    def month_end(self, month):
        for account in self.accounts():
            account.month_end(month)


def build_bank():
    bank = Bank("Banca Esempio")
    people = [
        ("Ada", "3200.00", 70), ("Brian", "2800.00", 95), ("Chidi", "4100.00", 60),
        ("Dana", "2500.00", 110), ("Emeka", "5200.00", 50), ("Fatima", "3900.00", 85),
    ]
    for name, salary, spending in people:
        c = bank.add_customer(Customer(name, Money.parse(salary), spending))
        c.open(CheckingAccount(c, Money.parse("500.00")))
        c.open(SavingsAccount(c, Money.parse("1000.00"), rate=0.025))
        if spending > 80:
            c.open(CreditLine(c, Money.parse("2000.00")))
    return bank


def simulate_day(bank, rng, day):
    month = day // 30 + 1
    for c in bank.customers:
        checking = c.accounts["checking"]
        savings = c.accounts["savings"]
        if day % 30 == 0:
            checking.deposit(c.salary, f"salary {month}")
        if rng.chance(c.spending // 4):
            amount = Money(500 + rng.below(c.spending * 1000))
            source = checking
            if amount > checking.available and "credit" in c.accounts:
                source = c.accounts["credit"]
            bank.transfer_out = getattr(bank, "transfer_out", ZERO) + amount
            with Transaction(bank, f"purchase day {day}") as t:
                t.withdraw(source, amount)
        if day % 30 == 15 and checking.balance > Money(150000):
            bank.transfer(checking, savings, checking.balance * 0.25, "save")
        if rng.chance(5):
            bank.transfer(savings, checking, Money(5000 + rng.below(50000)), "top up")
        credit = c.accounts.get("credit")
        if credit is not None and credit.balance < ZERO and day % 30 == 20:
            bank.transfer(checking, credit, abs(credit.balance), "repay credit")
    if day % 30 == 29:
        bank.month_end(month)


def statement(account, last=4):
    lines = [f"{account!r} ({len(account)} postings)"]
    for amount, memo, balance in list(account)[-last:]:
        lines.append(f"    {memo:<24} {amount:>16} {balance:>16}")
    return "\n".join(lines)


def main(argv):
    days = int(argv[1]) if len(argv) > 1 else 360
    bank = build_bank()
    rng = Rng(0x5EED)
    start = bank.total_deposits()
    for day in range(days):
        simulate_day(bank, rng, day)
    print(f"{bank.name}: {len(bank.customers)} customers, {len(list(bank.accounts()))} accounts")
    print(f"simulated {days} days: {bank.committed} transactions committed, {bank.rolled_back} rolled back")
    for name, n in sorted(bank.refusals.items()):
        print(f"  refused ({name}): {n}")
    print(f"deposits at start: {start}")
    print(f"deposits at end:   {bank.total_deposits()}")
    print(f"purchases tried:   {getattr(bank, 'transfer_out', ZERO)}")
    ranked = sorted(bank.customers, key=Customer.net_worth, reverse=True)
    print("customers by net worth:")
    for c in ranked:
        kinds = "/".join(sorted(c.accounts))
        print(f"  {c.name:<7} {c.net_worth():>16}  ({kinds})")
    credit_users = [a for a in bank.accounts() if isinstance(a, CreditLine)]
    for a in credit_users:
        print(f"  credit {a.number}: utilization {a.utilization:.1%}")
    print("statements:")
    for c in ranked[:2]:
        for account in c.accounts.values():
            print(statement(account))
    # Every posting is in some history, so the balances must equal the sum of the histories.
    for account in bank.accounts():
        total = sum((amount for amount, _, _ in account), ZERO)
        assert total == account.balance, (account, total)
    print("ledger balances: ok")
    biggest = max((p for a in bank.accounts() for p in a), key=lambda p: abs(p[0]))
    print(f"largest posting: {biggest[0]} ({biggest[1]})")
    try:
        Money(1, "EUR") + Money(1, "USD")
    except CurrencyMismatch as e:
        print(f"currency check: {e}")
    try:
        ranked[0].accounts["checking"].close()
    except BankError as e:
        print(f"close refused: {e}")


if __name__ == "__main__":
    main(sys.argv)
