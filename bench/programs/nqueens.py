"""N-queens: count every placement of n non-attacking queens by depth-first backtracking, with the
occupied columns and diagonals kept in boolean lists. Recursion, list indexing, integer compares.

Hot function: run(n) -> str, the number of solutions and of board positions visited.
Usage: python3.11 nqueens.py N
"""

import sys


class Board:
    def __init__(self, n):
        self.n = n
        self.cols = [False] * n
        self.diag_down = [False] * (2 * n - 1)
        self.diag_up = [False] * (2 * n - 1)
        self.visited = 0

    def free(self, row, col):
        return not (self.cols[col] or self.diag_down[row + col] or self.diag_up[row - col + self.n - 1])

    def mark(self, row, col, value):
        self.cols[col] = value
        self.diag_down[row + col] = value
        self.diag_up[row - col + self.n - 1] = value


def solve(board, row):
    if row == board.n:
        return 1
    found = 0
    for col in range(board.n):
        board.visited += 1
        if board.free(row, col):
            board.mark(row, col, True)
            found += solve(board, row + 1)
            board.mark(row, col, False)
    return found


def run(n):
    board = Board(n)
    solutions = solve(board, 0)
    return f"{solutions} {board.visited}"


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 10))
