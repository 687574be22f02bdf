"""Renderers: each turns a Playbook into one kind of output and reads nothing else."""
