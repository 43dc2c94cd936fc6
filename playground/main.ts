import './elements/emit-playground.ts';
