import { classroomView, takeInstructorKey } from './classroom.ts';
import './elements/emit-playground.ts';

// The page is picked before any card connects: a student's device opens no simulated clients.
takeInstructorKey();
void classroomView().then(async (view) => {
  if (view === 'student') await import('./elements/student-view.ts');
  document.body.prepend(document.createElement(view === 'student' ? 'student-view' : 'emit-playground'));
});
